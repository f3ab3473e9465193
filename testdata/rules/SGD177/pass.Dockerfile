FROM node:20-slim
RUN npm config set strict-ssl true && npm config set cafile /etc/ssl/ca.pem
