# Image for docker-compose.yml. The same steps as `make deps assets` on a Debian machine.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH

RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 nodejs npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN pip install --no-cache-dir uv==0.13.9 && uv sync --frozen --no-dev
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
    && SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --no-input

RUN useradd --create-home homeward && mkdir -p /data/media && chown homeward /data/media
USER homeward
EXPOSE 8000
CMD ["gunicorn", "housing.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2"]
