package dev.jprefect.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.harness.recording.RecordingTransport;
import dev.jprefect.settings.Setting;
import org.junit.jupiter.api.Test;

/** The harness's setting names are those of the {@link Setting} catalogue, the one source of settings. */
class SettingNamesTest {

    @Test
    void theHarnessNamesItsSettingsAsTheCatalogueDoes() {
        assertThat(RecordingTransport.CASSETTE_SETTING).isEqualTo(Setting.TESTING_CASSETTE.name());
        assertThat(RecordingTransport.MODE_SETTING).isEqualTo(Setting.TESTING_CASSETTE_MODE.name());
        assertThat(RecordingTransport.TRANSPORT_SETTING).isEqualTo(Setting.TESTING_CASSETTE_TRANSPORT.name());
        assertThat(PrefectTestHarness.PREFECT_COMMAND_SETTING).isEqualTo(Setting.TESTING_PREFECT_COMMAND.name());
        assertThat(PrefectTestHarness.PREFECT_SERVER_SETTING).isEqualTo(Setting.TESTING_PREFECT_SERVER.name());
        assertThat(Setting.TESTING_CASSETTE_MODE.defaultText()).isEqualTo("record_if_missing");
        assertThat(Setting.TESTING_PREFECT_COMMAND.defaultText()).isEqualTo("prefect");
    }
}
