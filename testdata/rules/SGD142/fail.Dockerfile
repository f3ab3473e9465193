FROM node:20-slim
RUN npm install -g typescript@5.4.5 \
      eslint
RUN yarn global add prettier@latest
