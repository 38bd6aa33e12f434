# gridopt service image. Build: docker build -t gridopt .
# Run:   docker run -p 8080:8080 -e GRIDOPT_DB_URL='postgresql://user:pass@host:5432/db?sslmode=require' gridopt
# The image has no database of its own: GRIDOPT_DB_URL must point at one with pgvector (see docs/operations.md).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# schema.sql is packaged into the jar as a classpath resource (see pom.xml), so the build needs it too.
COPY pom.xml schema.sql ./
COPY src ./src
RUN mvn -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system gridopt \
 && useradd --system --gid gridopt --home-dir /app --no-create-home --shell /usr/sbin/nologin gridopt
WORKDIR /app
COPY --from=build /src/target/gridopt.jar /app/gridopt.jar
COPY conf/ /app/conf/
COPY schema.sql /app/schema.sql
RUN mkdir -p /app/.cache && chown gridopt:gridopt /app/.cache
USER gridopt
# the MiniLM tokenizer (DJL) unpacks its native library on first use: give it a writable folder
ENV GRIDOPT_HTTP_PORT=8080 DJL_CACHE_DIR=/app/.cache/djl
EXPOSE 8080
# bash's /dev/tcp: no curl or wget needed in the runtime image. /health answers 200 when all checks are up.
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${GRIDOPT_HTTP_PORT:-8080} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/gridopt.jar"]
