package dev.jprefect.server.internal.storage;

import java.util.List;
import java.util.Map;

/**
 * An automation, as Prefect's {@code automation} table: its name, description, tags, whether it is
 * evaluated, its trigger and its three lists of actions. The trigger and the actions are stored as
 * the validated JSON trees Prefect's {@code Automation} model dumps.
 */
public final class AutomationRow extends Row<AutomationRow> {
    public static final Column<AutomationRow, String> NAME = Column.of("name", a -> a.name);
    public static final Column<AutomationRow, List<String>> TAGS = Column.of("tags", a -> a.tags);
    public static final TableSpec<AutomationRow> TABLE = TableSpec.of("automation");

    public String name;
    public String description = "";
    public boolean enabled = true;
    /** Immutable. */
    public List<String> tags = List.of();
    /** The trigger: an immutable JSON tree. */
    public Map<String, Object> trigger;
    /** Immutable JSON trees. */
    public List<Object> actions = List.of();
    /** Immutable JSON trees. */
    public List<Object> actionsOnTrigger = List.of();
    /** Immutable JSON trees. */
    public List<Object> actionsOnResolve = List.of();

    @Override
    public AutomationRow copy() {
        AutomationRow c = copyBase(new AutomationRow());
        c.name = name;
        c.description = description;
        c.enabled = enabled;
        c.tags = tags;
        c.trigger = trigger;
        c.actions = actions;
        c.actionsOnTrigger = actionsOnTrigger;
        c.actionsOnResolve = actionsOnResolve;
        return c;
    }
}
