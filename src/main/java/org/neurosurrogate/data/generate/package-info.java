/**
 * Ground-truth generation: a parent process ({@link org.neurosurrogate.data.generate.DatasetGenerator})
 * hands whole shards to worker processes ({@link org.neurosurrogate.data.generate.GenerationWorker}), each
 * with its own embedded NEURON, and records every finished shard in the manifest. Workers and parent talk
 * over the workers' stdin/stdout in lines prefixed {@value org.neurosurrogate.data.generate.GenerationWorker#TAG}.
 */
package org.neurosurrogate.data.generate;
