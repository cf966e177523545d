# syntax=docker/dockerfile:1
# Switchboard: build the shaded jar with Maven, run it on a JRE as a non-root user.
#   docker build -t switchboard .
#   docker run --rm -p 8080:8080 -e JWT_SECRET=... switchboard
# Stop with more time than SHUTDOWN_TIMEOUT_MS (default 30 s): docker stop -t 35 <container>

# ---- build ------------------------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The POMs first, so that the dependency layer is reused while only sources change.
COPY pom.xml ./
COPY domain/pom.xml domain/
COPY application/pom.xml application/
COPY adapters-out/pom.xml adapters-out/
COPY adapters-in/pom.xml adapters-in/
COPY bootstrap/pom.xml bootstrap/
COPY architecture-tests/pom.xml architecture-tests/
COPY domain/src domain/src
COPY application/src application/src
COPY adapters-out/src adapters-out/src
COPY adapters-in/src adapters-in/src
COPY bootstrap/src bootstrap/src
# Tests run in CI (mvn -B verify), not in the image build; the Maven cache survives between builds.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl bootstrap -am package \
 && cp bootstrap/target/switchboard.jar /switchboard.jar

# ---- run --------------------------------------------------------------------------------------------------------
# The jar is release 17; it runs on 25, which measured better (BENCHMARKS.md, issue 11; docs/operations.md).
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid switchboard --no-create-home --shell /usr/sbin/nologin switchboard
WORKDIR /app
COPY --from=build --chown=root:root /switchboard.jar /app/switchboard.jar
USER switchboard:switchboard
ENV PORT=8080
EXPOSE 8080
# Liveness only (never depends on Redis): bash's /dev/tcp, so the image needs no curl or wget.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8080} && printf 'GET /health/live HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# Java is PID 1 (exec form), so SIGTERM reaches it directly: it drains and exits 0 (docs/operations.md).
STOPSIGNAL SIGTERM
# JVM flags (docs/operations.md, "JVM flags"; measurements in BENCHMARKS.md, issue 11):
#   -XX:MaxRAMPercentage=75      heap sized from the container's memory limit, leaving a quarter for metaspace,
#                                thread stacks, direct buffers (Jetty) and the code cache;
#   -XX:+UseSerialGC             idle WebSockets cost about half the memory of G1's (no region bookkeeping, the heap
#                                stays compact); with the heap per connection this small the young pauses stay short;
#   -XX:+UseCompactObjectHeaders 8-byte object headers (JDK 24+): every connection is many small objects;
#   -XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10
#                                give memory back after a burst of connections instead of keeping the peak;
#   -XX:+ExitOnOutOfMemoryError  a process that ran out of memory is in an unknown state: exit so the orchestrator
#                                restarts it, rather than limping on;
#   -Dfile.encoding=UTF-8        the contract is UTF-8 everywhere, whatever the base image's locale.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders", "-XX:MaxHeapFreeRatio=30", "-XX:MinHeapFreeRatio=10", "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8", "-jar", "/app/switchboard.jar"]
