package dev.jprefect.it.flows;

import dev.jprefect.transport.RequestHandler;

/** The flow engine contract with the server hosted by Netty on loopback, reached over the JDK HttpClient. */
class FlowsOverHttpTest extends FlowEngineContract {
    @Override
    Served serve(RequestHandler app) {
        return Served.overHttp(app);
    }
}
