FROM node:20
COPY .npmrc /root/.npmrc
COPY id_rsa keys/server.key /root/.ssh/
ENV GOOGLE_APPLICATION_CREDENTIALS=/secrets/sa.json
