# One image for the cloud emulator, the worker and the starter (docker-compose.yml picks the jar).
FROM eclipse-temurin:17.0.15_6-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY cloud-emulator cloud-emulator
COPY contract contract
COPY cloud cloud
COPY activities activities
COPY workflows workflows
COPY worker worker
COPY starter starter
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17.0.15_6-jre
RUN useradd --system --uid 10001 --home-dir /data fullecs && mkdir -p /app /data && chown fullecs /data
COPY --from=build /src/cloud-emulator/target/cloud-emulator.jar /src/worker/target/worker.jar /src/starter/target/starter.jar /app/
USER fullecs
WORKDIR /data
CMD ["java", "-jar", "/app/worker.jar"]
