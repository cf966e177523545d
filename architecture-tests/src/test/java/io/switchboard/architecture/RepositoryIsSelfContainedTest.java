package io.switchboard.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clone of the repository is all a user gets: no tracked file may send them to a file outside it (the
 * project's early docs and comments pointed at a contract kept beside the repository). The behaviour is described
 * in the README and docs/ (api.md, websocket.md, sessions.md, operations.md, scaling.md).
 */
class RepositoryIsSelfContainedTest {
    /** Spelled in pieces so that this file does not match itself. */
    private static final List<String> FORBIDDEN = List.of(
            ".." + "/shared",
            "/work" + "/shared",
            "CONTRACT" + ".md");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", ".idea");
    private static final long MAX_TEXT_BYTES = 5_000_000;

    @Test
    void no_tracked_file_points_outside_the_repository() throws Exception {
        Path root = repositoryRoot();
        List<Path> files = trackedFiles(root);
        assertThat(files).as("files found under %s", root).isNotEmpty();
        assertThat(files).as("the walk sees the README").contains(root.resolve("README.md"));

        List<String> offences = new ArrayList<>();
        for (Path file : files) {
            String text = textOf(file);
            if (text == null) {
                continue;
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (String forbidden : FORBIDDEN) {
                    if (lines[i].contains(forbidden)) {
                        offences.add(root.relativize(file) + ":" + (i + 1) + ": " + lines[i].strip());
                        break;
                    }
                }
            }
        }
        assertThat(offences)
                .as("lines that point outside the repository (describe the behaviour in README.md or docs/ and link "
                        + "there instead)")
                .isEmpty();
    }

    /** The reactor's root: the nearest directory up from the module with both a pom.xml and a docs/ directory. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("docs"))
                    && Files.isRegularFile(dir.resolve("README.md"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root (pom.xml, README.md and docs/) above "
                + Path.of("").toAbsolutePath());
    }

    /** `git ls-files` when the tree is a git checkout, else every file outside build and VCS directories. */
    private static List<Path> trackedFiles(Path root) throws IOException, InterruptedException {
        if (Files.exists(root.resolve(".git"))) {
            List<Path> tracked = gitLsFiles(root);
            if (tracked != null) {
                return tracked;
            }
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> noSkippedDirectory(root.relativize(p)))
                    .toList();
        }
    }

    private static boolean noSkippedDirectory(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            if (SKIPPED_DIRECTORIES.contains(relative.getName(i).toString())) {
                return false;
            }
        }
        return true;
    }

    /** The tracked files that exist on disk, or null when git cannot be run. */
    private static List<Path> gitLsFiles(Path root) throws IOException, InterruptedException {
        Process git;
        try {
            git = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException noGit) {
            return null;
        }
        byte[] out;
        try (InputStream in = git.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
            git.destroyForcibly();
            return null;
        }
        List<Path> files = new ArrayList<>();
        for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
            Path file = root.resolve(name);
            if (!name.isEmpty() && Files.isRegularFile(file)) {
                files.add(file);
            }
        }
        return files;
    }

    /** The file as UTF-8 text, or null for a binary (a NUL byte) or very large file. */
    private static String textOf(Path file) throws IOException {
        if (Files.size(file) > MAX_TEXT_BYTES) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
