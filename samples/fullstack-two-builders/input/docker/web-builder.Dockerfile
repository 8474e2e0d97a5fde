# Builds the web front end. Context: frontend/
FROM node:20-alpine
WORKDIR /web
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
