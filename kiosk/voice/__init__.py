"""The speech pipeline, pure Python (no Kivy).

capture (microphone or WAV file) -> resampling to the model's rate -> Vosk recogniser
(grammar-restricted to the intents' phrases) -> the intent engine -> speech
synthesis in a separate process -> playback. Nothing here stores audio.
"""
