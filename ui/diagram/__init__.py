"""The loop diagram: what it shows (diagram_model), where things go on the ring
(ring_geometry) and the painting (loop_diagram)."""
