package org.wav2vec2spark.audio;

import org.wav2vec2spark.ExternalCommand;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads any file sox understands as 32-bit float, the reference for our float conversion. */
final class SoxFloat {
    private SoxFloat() {}

    /** Interleaved float samples, optionally down-mixed to mono by sox ({@code -c 1}). */
    static float[] read(Path audio, boolean mono) throws IOException {
        Path raw = audio.resolveSibling(audio.getFileName() + ".f32");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "sox",
                                "-V1",
                                audio.toString(),
                                "-t",
                                "raw",
                                "-e",
                                "floating-point",
                                "-b",
                                "32",
                                "-L"));
        if (mono) {
            command.addAll(List.of("-c", "1"));
        }
        command.add(raw.toString());
        ExternalCommand.run(command);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(out);
        return out;
    }
}
