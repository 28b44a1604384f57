# syntax=docker/dockerfile:1
# The Kompas web app (SPA) behind nginx, which proxies /api/ to the api service.
# Build from the repository root: docker build -f docker/web.Dockerfile .

FROM node:20-slim AS build
WORKDIR /app/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM nginxinc/nginx-unprivileged:stable-alpine
# Login through the municipality's identity provider: the web app fetches its discovery
# document and token endpoint, so that origin (https://login.gemeente.nl) must be allowed.
ENV KOMPAS_OIDC_ORIGIN=""
COPY docker/nginx.conf /etc/nginx/templates/default.conf.template
COPY --from=build /app/frontend/dist /usr/share/nginx/html
EXPOSE 8080
