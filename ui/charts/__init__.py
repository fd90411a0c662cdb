"""The dashboard of live charts: what each chart draws (plot_model), how (plot_card, grammar),
its marks (markers, end labels, legend strip) and the headline gap above them."""
