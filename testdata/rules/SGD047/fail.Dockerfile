FROM node:20
COPY .npmrc /root/.npmrc
COPY id_rsa keys/server.key /root/.ssh/
COPY sa.json /secrets/sa.json
ENV GOOGLE_APPLICATION_CREDENTIALS=/secrets/sa.json
