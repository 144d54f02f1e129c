"""The Streamlit timeline page."""
