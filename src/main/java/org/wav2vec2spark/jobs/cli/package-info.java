/**
 * The command-line option framework every job shares: {@link org.wav2vec2spark.jobs.cli.OptionSpec}
 * describes one option, {@link org.wav2vec2spark.jobs.cli.OptionTable} reads arguments and prints
 * {@code --help} (asking after a near miss which option was meant, {@code ClosestOption}), {@link
 * org.wav2vec2spark.jobs.cli.ParsedOptions} gives typed values whose errors name the option, {@link
 * org.wav2vec2spark.jobs.cli.WholeNumber} is the whole-number rule options and presets share,
 * {@link org.wav2vec2spark.jobs.cli.SharedOptions} defines the options several jobs take, and
 * {@link org.wav2vec2spark.jobs.cli.BundledDefaults} gives the defaults of their input, model and
 * output options.
 *
 * <p>Driver only and job-agnostic: each job's own options and parser stay beside the job in {@code
 * org.wav2vec2spark.jobs}.
 */
package org.wav2vec2spark.jobs.cli;
