# The FAQ bot. Build: docker build -t faq-bot .
# Run:   docker run -e DISCORD_TOKEN=... -v faq-data:/data faq-bot
# Own FAQ: add -v "$PWD/knowledge:/app/knowledge" (the baked-in copy is then hidden).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# An unprivileged user owns only what it must write: the database and the knowledge folder
# (moderators' edits are written back to the YAML files).
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/bot bot \
    && mkdir /data \
    && chown bot:bot /data

WORKDIR /src

# Dependencies first, read from pyproject.toml: this layer is rebuilt only when they change,
# not on every code edit.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && pip install -r requirements.txt

# Then the code itself (no dependency resolution left to do).
COPY bot/ ./bot/
RUN pip install --no-deps . \
    && rm -rf /src/build /src/*.egg-info

WORKDIR /app
COPY --chown=bot:bot knowledge/ /app/knowledge/

ENV KNOWLEDGE_PATH=/app/knowledge \
    BOT_DB_PATH=/data/bot.db
VOLUME ["/data"]

USER bot

# Discord when DISCORD_TOKEN is set, the local console otherwise (see README).
CMD ["python", "-m", "bot"]
