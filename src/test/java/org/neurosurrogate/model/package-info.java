/** Tests of the surrogate networks on tiny shapes, through the real PyTorch engine on CPU. */
package org.neurosurrogate.model;
