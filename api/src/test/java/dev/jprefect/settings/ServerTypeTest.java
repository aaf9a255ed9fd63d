package dev.jprefect.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerTypeTest {

    @Test
    void noUrlAndEphemeralAllowedIsEphemeral() {
        assertThat(ServerType.determine(Settings.isolated(Map.of()))).isEqualTo(ServerType.EPHEMERAL);
    }

    @Test
    void noUrlAndEphemeralNotAllowedIsUnconfigured() {
        Settings s = Settings.isolated(Map.of("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "false"));
        assertThat(ServerType.determine(s)).isEqualTo(ServerType.UNCONFIGURED);
    }

    @Test
    void aUrlUnderTheCloudUrlIsCloud() {
        Settings s = Settings.isolated(Map.of(
                "PREFECT_API_URL", "https://api.prefect.cloud/api/accounts/a/workspaces/w"));
        assertThat(ServerType.determine(s)).isEqualTo(ServerType.CLOUD);
    }

    @Test
    void anyOtherUrlIsServerEvenWithEphemeralAllowed() {
        Settings s = Settings.isolated(Map.of("PREFECT_API_URL", "http://127.0.0.1:4200/api"));
        assertThat(ServerType.determine(s)).isEqualTo(ServerType.SERVER);
        Settings inMemory = Settings.isolated(Map.of("PREFECT_API_URL", "inmemory://test/api"));
        assertThat(ServerType.determine(inMemory)).isEqualTo(ServerType.SERVER);
    }

    @Test
    void aCustomCloudUrlIsHonoured() {
        Settings s = Settings.isolated(Map.of(
                "PREFECT_CLOUD_API_URL", "https://cloud.example.com/api",
                "PREFECT_API_URL", "https://cloud.example.com/api/accounts/a"));
        assertThat(ServerType.determine(s)).isEqualTo(ServerType.CLOUD);
    }
}
