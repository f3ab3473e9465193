FROM node:20-slim
RUN npm ci && npm install && npm install -g typescript@5.4.5 @scope/pkg@1.0.0 ./local.tgz
RUN yarn global add prettier@3.3.2
