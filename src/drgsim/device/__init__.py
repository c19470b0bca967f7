"""Device: leads, contacts, pulse generator, waveforms, programs, safety, battery, twin."""
