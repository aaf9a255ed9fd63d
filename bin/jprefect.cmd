@echo off
rem jprefect: the command line of jprefect on Windows (see `jprefect --help`).
rem Runs the dev.jprefect.cli module on the module path, from an unpacked distribution (lib\ beside
rem bin\) or a built checkout (cli\target). JAVA_HOME (or java on the PATH) must be Java 17 or later;
rem JAVA_OPTS is passed to java. Not tested on Windows by the build.
setlocal
set "ROOT=%~dp0.."
set "MODULEPATH="
for %%F in ("%ROOT%\lib\jprefect-cli-*.jar") do set "MODULEPATH=%ROOT%\lib"
if not defined MODULEPATH (
  for %%F in ("%ROOT%\cli\target\jprefect-cli-*.jar") do (
    echo %%~nF| findstr /r /c:"-sources$" /c:"-javadoc$" /c:"-tests$" >nul || set "MODULEPATH=%%~fF;%ROOT%\cli\target\lib"
  )
)
if not defined MODULEPATH (
  echo jprefect: the command line is not built yet: run mvn -B -DskipTests package in %ROOT% 1>&2
  exit /b 2
)
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java") else (set "JAVA=java")
"%JAVA%" %JAVA_OPTS% -p "%MODULEPATH%" -m dev.jprefect.cli/dev.jprefect.cli.Main %*
exit /b %ERRORLEVEL%
