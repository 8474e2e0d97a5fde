# Réglages communs
BUILDER=app-builder
