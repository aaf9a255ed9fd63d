package dev.jprefect;

import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;

/**
 * Where a deployment's flow is found in Java code, the Java form of Prefect's {@code entrypoint}:
 * {@code com.example.Flows#etl} names the class {@code com.example.Flows} and in it a static field
 * {@code etl} of type {@link Flow}, or a static method {@code etl()} without arguments that returns
 * one. The flow's parameter type is read from the field's or method's declared type
 * ({@code Flow<Order, String>} takes an {@code Order}); a raw or wildcard type takes a
 * {@code Map<String, Object>}.
 *
 * <pre>{@code
 * public final class Flows {
 *     public static final Flow<Order, String> etl = Flow.of("etl", (Order o) -> ...);
 * }
 * Entrypoint found = Entrypoint.resolve("com.example.Flows#etl", Flows.class.getClassLoader());
 * }</pre>
 *
 * @param entrypoint the entrypoint as written
 * @param flow the flow it names
 * @param parameterType the flow's parameter type
 */
public record Entrypoint(String entrypoint, Flow<?, ?> flow, Type parameterType) {

    /** Checks the parts are present. */
    public Entrypoint {
        Objects.requireNonNull(entrypoint, "entrypoint");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(parameterType, "parameterType");
    }

    /**
     * Finds the flow {@code entrypoint} names, loading its class with {@code loader}.
     *
     * @throws IllegalArgumentException naming the entrypoint and why it names no flow
     */
    public static Entrypoint resolve(String entrypoint, ClassLoader loader) {
        if (entrypoint == null || !entrypoint.matches("[\\p{L}_$][\\p{L}\\p{N}_$.]*#[\\p{L}_$][\\p{L}\\p{N}_$]*")) {
            throw invalid(entrypoint, "expected the form com.example.Flows#member");
        }
        int hash = entrypoint.indexOf('#');
        String className = entrypoint.substring(0, hash);
        String member = entrypoint.substring(hash + 1);
        Class<?> owner;
        try {
            owner = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw invalid(entrypoint, "no class " + className + " on the class or module path (" + e + ")");
        }
        try {
            Field field = owner.getField(member);
            if (Flow.class.isAssignableFrom(field.getType()) && Modifier.isStatic(field.getModifiers())) {
                return new Entrypoint(entrypoint, (Flow<?, ?>) nonNull(entrypoint, read(field, null, entrypoint)),
                        parameterTypeOf(field.getGenericType()));
            }
        } catch (NoSuchFieldException e) {
            // not a field: a method then
        }
        try {
            Method method = owner.getMethod(member);
            if (Flow.class.isAssignableFrom(method.getReturnType()) && Modifier.isStatic(method.getModifiers())) {
                return new Entrypoint(entrypoint, (Flow<?, ?>) nonNull(entrypoint, read(method, null, entrypoint)),
                        parameterTypeOf(method.getGenericReturnType()));
            }
        } catch (NoSuchMethodException e) {
            // reported below
        }
        throw invalid(entrypoint, className + " has no public static field or no-argument method '" + member
                + "' of type Flow");
    }

    private static Object read(Member member, Object target, String entrypoint) {
        try {
            return member instanceof Field field ? field.get(target) : ((Method) member).invoke(target);
        } catch (ReflectiveOperationException | RuntimeException | ExceptionInInitializerError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw invalid(entrypoint, "reading it failed: " + cause);
        }
    }

    private static Object nonNull(String entrypoint, Object flow) {
        if (flow == null) {
            throw invalid(entrypoint, "it is null");
        }
        return flow;
    }

    private static Type parameterTypeOf(Type flowType) {
        if (flowType instanceof ParameterizedType parameterized) {
            Type p = parameterized.getActualTypeArguments()[0];
            if (p instanceof Class<?> || p instanceof ParameterizedType) {
                return p;
            }
        }
        return Map.class;
    }

    private static IllegalArgumentException invalid(String entrypoint, String why) {
        return new IllegalArgumentException("entrypoint: \"" + entrypoint + "\" names no flow: " + why);
    }
}
