/**
 * Prefect settings with Prefect's names and defaults ({@link dev.jprefect.settings.Setting}),
 * where they are read from ({@link dev.jprefect.settings.Settings}), and what kind of server they
 * point at ({@link dev.jprefect.settings.ServerType}).
 */
package dev.jprefect.settings;
