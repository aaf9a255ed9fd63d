package dev.jprefect.server.internal.models;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes the names of unnamed runs, as Prefect's {@code generate_slug(2)}: an adjective and an
 * animal, e.g. {@code "crimson-otter"}.
 */
public final class Names {
    private static final List<String> ADJECTIVES = List.of(
            "amber", "ancient", "brave", "bright", "calm", "clever", "cobalt", "crimson", "daring", "eager",
            "electric", "emerald", "fancy", "fearless", "gentle", "golden", "grumpy", "happy", "hidden", "humble",
            "icy", "jolly", "keen", "lively", "lucky", "magnetic", "mellow", "misty", "nimble", "noble",
            "olive", "patient", "polite", "proud", "quick", "quiet", "rapid", "rustic", "scarlet", "shiny",
            "silver", "smart", "sturdy", "sunny", "swift", "tidy", "tranquil", "vivid", "wise", "witty");
    private static final List<String> ANIMALS = List.of(
            "albatross", "alpaca", "badger", "beaver", "bison", "bobcat", "camel", "caribou", "cheetah", "cobra",
            "condor", "coyote", "crane", "dingo", "dolphin", "eagle", "falcon", "ferret", "finch", "gazelle",
            "gecko", "heron", "hyena", "ibis", "jaguar", "koala", "lemur", "llama", "lynx", "marmot",
            "mole", "narwhal", "ocelot", "okapi", "orca", "otter", "panda", "pelican", "puffin", "quokka",
            "raven", "seal", "sloth", "stoat", "tapir", "toucan", "turtle", "walrus", "wombat", "yak");

    /** Returns a new name. */
    public String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + ANIMALS.get(random.nextInt(ANIMALS.size()));
    }
}
