"""Person matching: standardisation, a Splink-trained model, real-time scoring and
batch linkage. The engine modules import no Django models."""
