/**
 * The Spark jobs: {@code main()} parses options, fails fast on configuration mistakes, then {@code
 * run(spark, options)} does the work.
 *
 * <p>The driver/executor boundary is explicit: executors receive small immutable specs and build
 * their heavy objects (the model) once per JVM.
 */
package org.wav2vec2spark.jobs;
