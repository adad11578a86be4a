package org.wav2vec2spark.audio;

import org.wav2vec2spark.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Frame byte offsets of a FLAC file as reported by the reference tool's analysis mode ({@code flac
 * -a}), so tests can cut and edit frames without trusting our own parser.
 */
final class FlacFrameMap {
    private static final Pattern FRAME_LINE =
            Pattern.compile("^frame=(\\d+)\\toffset=(\\d+)\\t.*blocksize=(\\d+)");

    /** One frame: where it starts, how many bytes and samples it has. */
    record Frame(int offset, int length, int blockSize) {}

    private FlacFrameMap() {}

    static List<Frame> frames(Path flac) throws IOException {
        Path analysis = flac.resolveSibling(flac.getFileName() + ".ana");
        ExternalCommand.run(
                List.of("flac", "-s", "-a", "-f", "-o", analysis.toString(), flac.toString()));
        List<int[]> starts = new ArrayList<>();
        for (String line : Files.readAllLines(analysis)) {
            Matcher m = FRAME_LINE.matcher(line);
            if (m.find()) {
                starts.add(new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
            }
        }
        long fileLength = Files.size(flac);
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            long end = i + 1 < starts.size() ? starts.get(i + 1)[0] : fileLength;
            frames.add(
                    new Frame(starts.get(i)[0], (int) (end - starts.get(i)[0]), starts.get(i)[1]));
        }
        return frames;
    }
}
