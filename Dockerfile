# syntax=docker/dockerfile:1
#
# The Trecho booking server.   docker build -t trecho .
#                              docker run -d --name trecho -p 7070:7070 -v trecho-data:/data trecho
#
# server/src/test/java/app/trecho/server/ops/DockerfileContractIT runs this file's ENTRYPOINT, ENV
# and HEALTHCHECK against the built jar (server starts from the environment alone, health passes,
# SIGTERM stops it within Docker's 10 s, data survives a restart): change them together.

# ---- build: the Maven wrapper on a JDK 25 ----------------------------------------------------
FROM eclipse-temurin:25.0.3_9-jdk-noble AS build
WORKDIR /src
# Dependencies and plugins first, from the poms alone, so that editing sources reuses this layer.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY protocol-spec/pom.xml protocol-spec/
COPY server/pom.xml server/
COPY tui-client/pom.xml tui-client/
RUN ./mvnw -B -q -pl server -am -DskipTests package && rm -rf protocol-spec/target server/target
COPY protocol-spec protocol-spec
COPY server server
RUN ./mvnw -B -q -pl server -am -DskipTests package

# ---- runtime: a JRE 25, a non-root user, the jar and a data volume -----------------------------
FROM eclipse-temurin:25.0.3_9-jre-noble
RUN groupadd --system --gid 10001 trecho \
    && useradd --system --uid 10001 --gid trecho --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin trecho \
    && mkdir -p /app /data \
    && chown trecho:trecho /data
COPY --from=build /src/server/target/trecho-server.jar /app/trecho-server.jar

# Every server flag has a variable (README, "Running in Docker and operations"); these differ from
# the defaults or matter in a container. The shutdown grace stays well inside `docker stop`'s 10 s.
# Set TRECHO_OPERATOR_TOKEN at run time (-e or a secret) to enable `status`; never bake it in.
ENV TRECHO_PORT=7070 \
    TRECHO_BIND=0.0.0.0 \
    TRECHO_DATA_DIR=/data \
    TRECHO_SHUTDOWN_GRACE=5s

VOLUME /data
EXPOSE 7070
USER 10001:10001
WORKDIR /data

# A real handshake and ping over TCP (not a port probe); exits 0 healthy, 1 unhealthy.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["java", "-Xmx64m", "-XX:TieredStopAtLevel=1", "-jar", "/app/trecho-server.jar", "health"]

# Exec form: the JVM is PID 1 and gets SIGTERM from `docker stop` (graceful shutdown, exit 143).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/trecho-server.jar"]
