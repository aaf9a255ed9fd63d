package dev.jprefect.internal.engine;

import dev.jprefect.internal.json.SchemaJson;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A flow's parameter type seen as Prefect sees a function's signature: the names a run's
 * {@code parameters} object holds, the JSON schema of them that a deployment carries
 * ({@code parameter_openapi_schema}, in the form of Prefect's {@code parameter_schema}), and the
 * decoding of a run's parameters back into the type.
 *
 * <p>The parameter type is one of: {@link Void} (no parameters); a record (one parameter per
 * component, all required except {@link Optional} ones); a {@code Map<String, V>} (any names, each
 * a {@code V}); or any other type (one parameter named {@code input}), as {@link JsonValues} names a
 * call's input.
 */
public final class FlowParameters {

    private enum Kind { NONE, RECORD, MAP, SINGLE }

    private final Type type;
    private final Kind kind;

    private FlowParameters(Type type) {
        this.type = type;
        Class<?> raw = raw(type);
        if (raw == Void.class || raw == void.class) {
            kind = Kind.NONE;
        } else if (raw.isRecord()) {
            kind = Kind.RECORD;
        } else if (Map.class.isAssignableFrom(raw)) {
            kind = Kind.MAP;
        } else {
            kind = Kind.SINGLE;
        }
    }

    /**
     * Returns the parameters of a flow whose parameter type is {@code type}.
     *
     * @throws IllegalArgumentException naming the parameter whose type has no JSON form here
     */
    public static FlowParameters of(Type type) {
        FlowParameters parameters = new FlowParameters(type);
        parameters.schema(); // refuses an unsupported type now, not when a run arrives
        return parameters;
    }

    /** Returns the parameter type. */
    public Type type() {
        return type;
    }

    /** Returns Prefect's {@code parameter_openapi_schema} for the type: title, properties with positions, required, definitions. */
    public Map<String, Object> schema() {
        Map<String, Object> definitions = new LinkedHashMap<>();
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("title", "Parameters");
        schema.put("type", "object");
        schema.put("properties", properties);
        switch (kind) {
            case RECORD -> {
                RecordComponent[] components = raw(type).getRecordComponents();
                for (int i = 0; i < components.length; i++) {
                    String name = components[i].getName();
                    properties.put(name, property(name, i, components[i].getGenericType(), definitions));
                    if (components[i].getType() != Optional.class) {
                        required.add(name);
                    }
                }
            }
            case MAP -> {
                Type values = typeArgument(type, 1);
                if (values != Object.class) {
                    schema.put("additionalProperties", typeSchema(values, definitions, "parameters"));
                }
            }
            case SINGLE -> {
                properties.put(JsonValues.SINGLE_PARAMETER, property(JsonValues.SINGLE_PARAMETER, 0, type, definitions));
                required.add(JsonValues.SINGLE_PARAMETER);
            }
            case NONE -> { }
        }
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("definitions", definitions);
        return schema;
    }

    /**
     * Checks that {@code parameters} (some or all of a run's) are known names whose values fit.
     *
     * @throws IllegalArgumentException naming the first parameter that is unknown or does not fit
     */
    public void check(Map<String, Object> parameters) {
        parameters.forEach(this::decodeOne);
    }

    /**
     * Returns a run's {@code parameters} decoded into the parameter type (null for {@link Void}).
     *
     * @throws IllegalArgumentException naming the parameter that is missing, unknown or does not fit
     */
    public Object decode(Map<String, Object> parameters) {
        switch (kind) {
            case NONE -> {
                parameters.keySet().stream().findFirst().ifPresent(name -> {
                    throw new IllegalArgumentException("parameter '" + name + "' is unknown: the flow takes none");
                });
                return null;
            }
            case MAP -> {
                Map<String, Object> values = new LinkedHashMap<>();
                parameters.forEach((name, value) -> values.put(name, decodeOne(name, value)));
                return values;
            }
            case SINGLE -> {
                check(parameters);
                if (!parameters.containsKey(JsonValues.SINGLE_PARAMETER)) {
                    throw new IllegalArgumentException("parameter '" + JsonValues.SINGLE_PARAMETER + "' is missing");
                }
                return decodeOne(JsonValues.SINGLE_PARAMETER, parameters.get(JsonValues.SINGLE_PARAMETER));
            }
            default -> {
                return decodeRecord(parameters);
            }
        }
    }

    private Object decodeRecord(Map<String, Object> parameters) {
        check(parameters);
        Class<?> record = raw(type);
        RecordComponent[] components = record.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            types[i] = components[i].getType();
            if (parameters.containsKey(name)) {
                values[i] = decodeOne(name, parameters.get(name));
            } else if (types[i] == Optional.class) {
                values[i] = Optional.empty();
            } else {
                throw new IllegalArgumentException("parameter '" + name + "' is missing");
            }
        }
        try {
            Constructor<?> constructor = record.getDeclaredConstructor(types);
            if (!constructor.canAccess(null) && !constructor.trySetAccessible()) {
                throw new IllegalArgumentException("the parameters cannot be built: " + record.getName()
                        + " is not open to dev.jprefect.api");
            }
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("the parameters do not fit " + record.getSimpleName() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("the parameters cannot be built as " + record.getName() + ": " + e, e);
        }
    }

    private Object decodeOne(String name, Object value) {
        Type target = switch (kind) {
            case NONE -> throw new IllegalArgumentException("parameter '" + name + "' is unknown: the flow takes none");
            case MAP -> typeArgument(type, 1);
            case SINGLE -> {
                if (!name.equals(JsonValues.SINGLE_PARAMETER)) {
                    throw new IllegalArgumentException("parameter '" + name + "' is unknown: the flow takes '"
                            + JsonValues.SINGLE_PARAMETER + "'");
                }
                yield type;
            }
            case RECORD -> componentType(name);
        };
        boolean optional = raw(target) == Optional.class;
        Type inner = optional ? typeArgument(target, 0) : target;
        if (value == null) {
            if (optional) {
                return Optional.empty();
            }
            if (raw(inner).isPrimitive()) {
                throw new IllegalArgumentException("parameter '" + name + "' is null but must be a "
                        + raw(inner).getName());
            }
            return null;
        }
        Object decoded;
        try {
            decoded = SchemaJson.CODEC.fromJson(SchemaJson.CODEC.toJson(value), inner);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter '" + name + "' does not fit " + inner.getTypeName()
                    + " (value " + SchemaJson.CODEC.toJson(value) + "): " + reason(e), e);
        }
        return optional ? Optional.ofNullable(decoded) : decoded;
    }

    private Type componentType(String name) {
        for (RecordComponent component : raw(type).getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component.getGenericType();
            }
        }
        throw new IllegalArgumentException("parameter '" + name + "' is unknown: " + raw(type).getSimpleName()
                + " has no component of that name");
    }

    private static String reason(IllegalArgumentException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getMessage();
    }

    private static Map<String, Object> property(String name, int position, Type type, Map<String, Object> definitions) {
        Map<String, Object> property = new LinkedHashMap<>();
        if (raw(type) == Optional.class) {
            property.put("anyOf", List.of(typeSchema(typeArgument(type, 0), definitions, name),
                    Map.of("type", "null")));
            property.put("default", null);
        } else {
            property.putAll(typeSchema(type, definitions, name));
        }
        property.put("position", position);
        property.put("title", name);
        return property;
    }

    /** The JSON schema of one value of {@code type}, pydantic's form; records and enums go to {@code definitions}. */
    private static Map<String, Object> typeSchema(Type type, Map<String, Object> definitions, String where) {
        Class<?> raw = raw(type);
        Map<String, Object> schema = new LinkedHashMap<>();
        if (raw == String.class || raw == char.class || raw == Character.class) {
            schema.put("type", "string");
        } else if (raw == int.class || raw == long.class || raw == short.class || raw == byte.class
                || raw == Integer.class || raw == Long.class || raw == Short.class || raw == Byte.class) {
            schema.put("type", "integer");
        } else if (raw == double.class || raw == float.class || raw == Double.class || raw == Float.class) {
            schema.put("type", "number");
        } else if (raw == boolean.class || raw == Boolean.class) {
            schema.put("type", "boolean");
        } else if (raw == UUID.class) {
            schema.put("format", "uuid");
            schema.put("type", "string");
        } else if (raw == OffsetDateTime.class) {
            schema.put("format", "date-time");
            schema.put("type", "string");
        } else if (raw == Object.class) {
            return schema; // any JSON value
        } else if (raw.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : raw.getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            Map<String, Object> definition = new LinkedHashMap<>();
            definition.put("enum", names);
            definition.put("title", raw.getSimpleName());
            definition.put("type", "string");
            definitions.put(raw.getSimpleName(), definition);
            schema.put("$ref", "#/definitions/" + raw.getSimpleName());
        } else if (raw.isRecord()) {
            if (!definitions.containsKey(raw.getSimpleName())) {
                definitions.put(raw.getSimpleName(), Map.of()); // a placeholder against recursion
                Map<String, Object> properties = new LinkedHashMap<>();
                List<String> required = new ArrayList<>();
                for (RecordComponent component : raw.getRecordComponents()) {
                    Map<String, Object> field = new LinkedHashMap<>(typeSchema(component.getGenericType(),
                            definitions, where + "." + component.getName()));
                    field.put("title", pythonTitle(component.getName()));
                    properties.put(component.getName(), field);
                    required.add(component.getName());
                }
                Map<String, Object> definition = new LinkedHashMap<>();
                definition.put("properties", properties);
                definition.put("required", required);
                definition.put("title", raw.getSimpleName());
                definition.put("type", "object");
                definitions.put(raw.getSimpleName(), definition);
            }
            schema.put("$ref", "#/definitions/" + raw.getSimpleName());
        } else if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
            Type element = raw.isArray() ? componentOf(type) : typeArgument(type, 0);
            schema.put("items", typeSchema(element, definitions, where + "[]"));
            schema.put("type", "array");
            if (Set.class.isAssignableFrom(raw)) {
                schema.put("uniqueItems", true);
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            Type keys = typeArgument(type, 0);
            if (keys != String.class && keys != Object.class) {
                throw new IllegalArgumentException("parameter '" + where + "': a map's keys must be strings, not "
                        + keys.getTypeName());
            }
            Type values = typeArgument(type, 1);
            schema.put("additionalProperties", values == Object.class ? true : typeSchema(values, definitions, where));
            schema.put("type", "object");
        } else {
            throw new IllegalArgumentException("parameter '" + where + "': type " + type.getTypeName()
                    + " has no JSON form here (use a string, number, boolean, UUID, OffsetDateTime, enum, record,"
                    + " list or map)");
        }
        return schema;
    }

    /** Python's {@code str.title()} of a name, as pydantic titles a model's fields: {@code zipCode} is {@code Zipcode}. */
    static String pythonTitle(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean start = true;
        for (char c : name.replace('_', ' ').toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return out.toString();
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> cls) {
            return cls;
        } else if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        } else if (type instanceof GenericArrayType) {
            return Object[].class;
        } else if (type instanceof WildcardType wildcard) {
            return raw(wildcard.getUpperBounds()[0]);
        }
        return Object.class; // a type variable: any JSON value
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments().length > index) {
            Type argument = parameterized.getActualTypeArguments()[index];
            return argument instanceof WildcardType wildcard ? wildcard.getUpperBounds()[0] : argument;
        }
        return Object.class;
    }

    private static Type componentOf(Type arrayType) {
        return arrayType instanceof GenericArrayType generic ? generic.getGenericComponentType()
                : ((Class<?>) arrayType).getComponentType();
    }

    @Override
    public String toString() {
        return "FlowParameters(" + type.getTypeName() + ", " + kind.name().toLowerCase(Locale.ROOT) + ")";
    }
}
