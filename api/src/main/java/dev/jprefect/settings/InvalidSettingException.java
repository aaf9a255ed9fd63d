package dev.jprefect.settings;

/**
 * A setting's text could not be read as the value it stands for. The message names the setting,
 * the offending text and what was expected, e.g.
 * {@code PREFECT_CLIENT_MAX_RETRIES='five' is not valid: expected a whole number}.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String value;

    /** Creates the exception for {@code setting} holding {@code value}, which is not {@code expected}. */
    public InvalidSettingException(String setting, String value, String expected) {
        super(setting + "='" + value + "' is not valid: expected " + expected);
        this.setting = setting;
        this.value = value;
    }

    /** Returns the setting's name, e.g. {@code PREFECT_API_URL}. */
    public String setting() {
        return setting;
    }

    /** Returns the text that could not be read. */
    public String value() {
        return value;
    }
}
