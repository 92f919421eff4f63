# Chorus — slim runtime image. Build: docker build -t chorus .
# Run:  docker run -v chorus-data:/data -v chorus-media:/data/media \
#         -v "$PWD/config.toml:/config/config.toml:ro" -e CHORUS_TELEGRAM_TOKEN=… chorus
# With a platform configured it needs no terminal. A config with only the console chat needs
# one: docker run -it … (without it, chorus says so and exits 1).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    CHORUS_DATABASE_URL=sqlite+aiosqlite:////data/chorus.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY campaigns ./campaigns
COPY storage ./storage
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin chorus \
    && mkdir -p /data/media /config \
    && chown -R chorus:chorus /data

USER chorus
WORKDIR /data
VOLUME ["/data", "/data/media"]
# Only for the optional listeners: Telegram webhook mode (8443), Slack HTTP mode (3000).
EXPOSE 8443 3000
ENTRYPOINT ["chorus"]
CMD ["run", "--config", "/config/config.toml"]
