package org.neurosurrogate.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ill-formed JSON where a user writes it (model, protocol, network, a dataset's manifest, a report to compare): one
 * line, exit 2.
 */
class MalformedInputIT {
    @TempDir
    Path dir;

    @Test
    void aModelJsonThatDoesNotParseNamesItsFileAndLine() throws Exception {
        Path model = Files.createDirectories(dir.resolve("cell"));
        Files.writeString(model.resolve("model.json"), "{\n  \"name\": \"cell\",\n  \"template\": \n");
        Faults.run("simulate", "--model", model.toString(), "--duration", "10", "--out", dir.resolve("s.h5").toString())
                .fails(2, model.resolve("model.json") + ":", "not valid JSON");
        assertFalse(Files.exists(dir.resolve("s.h5")));
    }

    @Test
    void aProtocolFileThatDoesNotParseIsRefusedBeforeADatasetFolderExists() throws Exception {
        Path protocol = dir.resolve("protocol.json");
        Files.writeString(protocol, "{\"exc_rate_range_hz\": [0.1, \n");
        Path out = dir.resolve("data");
        Faults.run("generate", "--model", Faults.MODEL, "--simulations", "1", "--duration", "100", "--protocol",
                protocol.toString(), "--out", out.toString()).fails(2, "--protocol " + protocol, "not valid JSON");
        assertFalse(Files.exists(out));
    }

    @Test
    void aNetworkSpecThatDoesNotParseIsRefusedBeforeNeuronStarts() throws Exception {
        Path net = dir.resolve("net.json");
        Files.writeString(net, "{\"name\": \"n\", \"duration_ms\": 100,\n \"populations\": [\n");
        Path out = dir.resolve("net-out");
        Faults.run("hybrid", "--network", net.toString(), "--out", out.toString())
                .fails(2, net.toString(), "not valid JSON");
        assertFalse(Files.exists(out));
    }

    @Test
    void aDatasetManifestThatDoesNotParseNamesTheManifest() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("manifest.json"), "{\"format\": \"neurosurrogate.dataset\", \"format_ver");
        Faults.run("dataset", "verify", data.toString()).fails(2, data.resolve("manifest.json").toString());
        Faults.run("train", "--data", data.toString(), "--arch", "mh", "--out", dir.resolve("m").toString())
                .fails(2, data.resolve("manifest.json").toString());
    }

    @Test
    void compareNamesAFolderWithoutAReportAndAReportThatDoesNotParse() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("not-a-report"));
        Faults.run("compare", empty.toString()).fails(2, empty.toString(), "no report.json here");
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("report.json"), "{\"arch\": \"mh\",\n \"model\": {");
        Faults.run("compare", broken.toString()).fails(2, broken.resolve("report.json") + ":", "not valid JSON");
    }
}
