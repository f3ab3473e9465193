FROM node:20-slim
RUN yarn install --frozen-lockfile
