FROM node:20
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
COPY package.json /app/
COPY --from=node:20 /root/.npmrc /tmp/x
COPY keys/jenkins.io-2026.key /usr/share/keyrings/
ENV GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/sa.json
