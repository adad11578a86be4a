package org.wav2vec2spark.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.EngineException;
import ai.djl.translate.TranslateException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which engine failures are the device's, by the messages libtorch and CUDA write. */
class DeviceFaultsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "CUDA error: an illegal memory access was encountered | true",
                "CUDA error: device-side assert triggered | true",
                "CUDA error: unspecified launch failure | true",
                "cuDNN error: CUDNN_STATUS_EXECUTION_FAILED | true",
                // Running out of memory is the batch's size, not the device's fault.
                "CUDA error: out of memory | false",
                "CUDA out of memory. Tried to allocate 1.50 GiB | false",
                "Expected 2-D input, got 3-D | false"
            })
    void recognisesTheDevicesFaultsInTheCauseChain(String message, boolean fault) {
        Exception wrapped = new TranslateException(new EngineException(message));

        assertThat(DeviceFaults.isDeviceFault(wrapped)).isEqualTo(fault);
    }
}
