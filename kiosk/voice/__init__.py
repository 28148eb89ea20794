"""The voicebot's speech pipeline, pure Python (no Kivy).

capture (microphone or WAV file) -> resampling to the model's rate -> Vosk recogniser
(grammar-restricted to the chatbot's phrases) -> the chatbot's intent engine -> speech
synthesis in a separate process -> playback. Nothing here stores audio.
"""
