package dev.jprefect.server.internal;

import dev.jprefect.server.PrefectServer;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.spi.EmbeddedServerProvider;

/** Provides {@link PrefectServer} to ephemeral-mode clients and the test harness through ServiceLoader. */
public final class JprefectServerProvider implements EmbeddedServerProvider {

    /** The name this provider answers to. */
    public static final String NAME = "jprefect";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RequestHandler create(Settings settings) {
        return PrefectServer.builder().settings(settings).build();
    }
}
