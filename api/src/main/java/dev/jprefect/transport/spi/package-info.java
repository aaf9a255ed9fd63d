/** The service provider interface that transport modules implement. */
package dev.jprefect.transport.spi;
