FROM node:20-slim
RUN npm config set strict-ssl false
RUN yarn config set strict-ssl false && npm install --strict-ssl=false
