/**
 * Evaluation building blocks: voltage and spike metrics accumulated over many simulations, summaries by
 * dendritic region and path distance, the report files (report.json, report.md), a table across
 * architectures and PNG plots.
 *
 * <p>Conventions (reference.md §3, the published anchors): the first {@value Conventions#WARMUP_MS} ms of each
 * simulation are not scored; the soma voltage is clipped at {@value Conventions#SOMA_CLIP_MV} mV before scoring
 * (spikes are scored by the spike head); spikes are scored per 1 ms bin (ROC AUC, true-positive rate at
 * 1 % false positives) and by timing (precision and recall of predicted spikes within ±2 ms and ±5 ms).
 * Callers drop the warm-up themselves (the {@code from} arguments); nothing here reads datasets or models.
 *
 * <p>Voltage blocks are channel-major: {@code [rows, steps]}, element {@code (r, t)} at {@code r * steps + t}.
 */
package org.neurosurrogate.eval;
