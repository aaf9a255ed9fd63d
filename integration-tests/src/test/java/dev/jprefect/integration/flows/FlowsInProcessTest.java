package dev.jprefect.integration.flows;

import dev.jprefect.integration.Via;
import dev.jprefect.transport.RequestHandler;

/** The flow engine contract with the server in-process: the in-memory transport, no socket. */
class FlowsInProcessTest extends FlowEngineContract {
    @Override
    Via.Served serve(RequestHandler app) {
        return Via.IN_MEMORY.serve(app);
    }
}
