FROM node:20-slim
ENV npm_config_strict_ssl=false
RUN env NPM_CONFIG_STRICT_SSL=false npm ci
