package dev.jprefect.integration.flows;

import dev.jprefect.integration.Via;
import dev.jprefect.transport.RequestHandler;

/** The flow engine contract with the server hosted by Netty on loopback, reached over the JDK HttpClient. */
class FlowsOverHttpTest extends FlowEngineContract {
    @Override
    Via.Served serve(RequestHandler app) {
        return Via.NETTY.serve(app);
    }
}
