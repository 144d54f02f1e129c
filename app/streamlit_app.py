"""The timeline page: merged announcements, pauses and meetings from the DuckDB file, refreshed live."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st

from app.views import render_page

st.set_page_config(page_title="timeline", layout="wide")
render_page()
