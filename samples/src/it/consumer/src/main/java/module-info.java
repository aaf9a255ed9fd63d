/** A sample project that runs its flows with jprefect. */
module com.example.orders {
    requires dev.jprefect.api;

    exports com.example.orders;
}
