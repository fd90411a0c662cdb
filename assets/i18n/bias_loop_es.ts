<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <location filename="../../ui/export/figure.py" line="+130"/>
        <source>seed {seed}</source>
        <extracomment>The sizes offered: a factor of the size on screen, or a 1920-px-wide slide. Slides are 16:9; their logical size sets how large text is once scaled to 1920 px wide. Sizes when nothing is on screen to copy (the command line): one chart, and per chart.</extracomment>
        <translation>semilla {seed}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} round ({unit})</source>
        <translation>{n} ronda ({unit})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} rounds ({unit})</source>
        <translation>{n} rondas ({unit})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>changed: {changes}</source>
        <translation>cambios: {changes}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>scenario defaults, no lever pulled</source>
        <translation>valores del escenario, sin tocar ninguna palanca</translation>
    </message>
    <message>
        <location line="+129"/>
        <source>Round ({unit})</source>
        <translation>Ronda ({unit})</translation>
    </message>
    <message>
        <location filename="../../ui/export/formats.py" line="+63"/>
        <source>{title} — seed {seed}, {n} round</source>
        <translation>{title} — semilla {seed}, {n} ronda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{title} — seed {seed}, {n} rounds</source>
        <translation>{title} — semilla {seed}, {n} rondas</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>the image could not be encoded as {fmt}</source>
        <translation>no se pudo codificar la imagen como {fmt}</translation>
    </message>
    <message>
        <location filename="../../ui/export/report.py" line="+65"/>
        <source>The run has not started: no rounds were played.</source>
        <translation>La simulación no ha empezado: no se ha jugado ninguna ronda.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>{what} minus {truth}</source>
        <translation>{what} menos {truth}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{group} {a} → {b}</source>
        <translation>{group} {a} → {b}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>From the first {w} to the last {w} of {n} rounds (unit: {unit}; averages over {w} rounds):</source>
        <translation>De las primeras {w} a las últimas {w} de {n} rondas (unidad: {unit}; promedios sobre {w} rondas):</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Round {round}: {what} {value} ({who}). Before it and at the end of its span: {effect}.</source>
        <translation>Ronda {round}: {what} {value} ({who}). Antes del cambio y al final de su tramo: {effect}.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Question of guide step {step}: “{ask}”.</source>
        <translation>Pregunta del paso {step} de la guía: «{ask}».</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Votes: {tally}.</source>
        <translation>Votos: {tally}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choices: {choices} (votes not counted).</source>
        <translation>Opciones: {choices} (votos sin contar).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Answer: {choice}{number}.</source>
        <translation>Respuesta: {choice}{number}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answer: no single choice held in this run.</source>
        <translation>Respuesta: en esta ejecución no se cumplió una sola opción.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Question at {unit} {round} (guide step {step}): “{ask}” {votes} {answer}</source>
        <translation>Pregunta en {unit} {round} (paso {step} de la guía): «{ask}» {votes} {answer}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Guide step {step} was applied off schedule: due at {unit} {due}, applied at {unit} {applied}.</source>
        <translation>El paso {step} de la guía se aplicó fuera de plazo: tocaba en {unit} {due}, se aplicó en {unit} {applied}.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{what}: once, in round {span}, finding {found}.</source>
        <translation>{what}: una vez, en la ronda {span}, con un hallazgo de {found}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what}: {n} times, in rounds {span}, finding {found}.</source>
        <translation>{what}: {n} veces, en las rondas {span}, con hallazgos de {found}.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>{who} (step {step})</source>
        <translation>{who} (paso {step})</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>default</source>
        <translation>por defecto</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No parameter changed during the run.</source>
        <translation>Ningún parámetro cambió durante la simulación.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>… and {n} more (all in the manifest)</source>
        <translation>… y {n} más (todos en el manifiesto)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>once, finding {found}</source>
        <translation>una vez, con un hallazgo de {found}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} times, finding {found}</source>
        <translation>{n} veces, con hallazgos de {found}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Round</source>
        <translation>Ronda</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New value</source>
        <translation>Valor nuevo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Seed {seed} · {n} round ({unit}) · changed from the start: {p} · lever changes during the run: {l} · {software}</source>
        <translation>Semilla {seed} · {n} ronda ({unit}) · cambiados desde el inicio: {p} · cambios de palanca durante la simulación: {l} · {software}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Seed {seed} · {n} rounds ({unit}) · changed from the start: {p} · lever changes during the run: {l} · {software}</source>
        <translation>Semilla {seed} · {n} rondas ({unit}) · cambiados desde el inicio: {p} · cambios de palanca durante la simulación: {l} · {software}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What happened</source>
        <translation>Qué pasó</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parameters at the start</source>
        <translation>Parámetros al inicio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event log</source>
        <translation>Registro de eventos</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>highlighted: changed from the scenario; changes during the run are in the event log</source>
        <translation>resaltados: cambiados respecto al escenario; los cambios durante la simulación están en el registro de eventos</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="+83"/>
        <source>on</source>
        <translation>sí</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>off</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>user</source>
        <translation>usuario</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>guide</source>
        <translation>guía</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>audit</source>
        <translation>auditoría</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>counterfactual</source>
        <translation>contrafactual</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/recovery.py" line="+115"/>
        <source>{scenario}, {unit} {round}, {changes}</source>
        <translation>{scenario}, {unit} {round}, {changes}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} lever changes</source>
        <translation>{n} cambios de palanca</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} lever change</source>
        <translation>{n} cambio de palanca</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bias Loop did not close properly last time. Restore the run you were working on?

{what}</source>
        <translation>Bias Loop no se cerró correctamente la última vez. ¿Restaurar la simulación en la que estabas trabajando?

{what}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>You asked for {scenario}; it stays open if you do not restore.</source>
        <translation>Pediste {scenario}; sigue abierto si no restauras.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restore your last run?</source>
        <translation>¿Restaurar tu última simulación?</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Restore that run</source>
        <translation>Restaurar esa simulación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start afresh</source>
        <translation>Empezar desde cero</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <location filename="../../ui/actions.py" line="+85"/>
        <location line="+50"/>
        <source>Open scenario or run…</source>
        <extracomment>Icon sizes drawn ahead: menus (16) to a toolbar at presentation size and zoom (60).</extracomment>
        <translation>Abrir escenario o simulación…</translation>
    </message>
    <message>
        <location line="-48"/>
        <location line="+48"/>
        <source>Save run…</source>
        <translation>Guardar simulación…</translation>
    </message>
    <message>
        <location line="-46"/>
        <location line="+47"/>
        <source>Save picture of the window…</source>
        <translation>Guardar imagen de la ventana…</translation>
    </message>
    <message>
        <location line="-46"/>
        <location line="+47"/>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <location line="-46"/>
        <location line="+46"/>
        <source>Export report…</source>
        <translation>Exportar informe…</translation>
    </message>
    <message>
        <location line="-45"/>
        <location line="+46"/>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <location line="-45"/>
        <location line="+45"/>
        <location line="+46"/>
        <source>Run</source>
        <translation>Ejecutar</translation>
    </message>
    <message>
        <location line="-90"/>
        <location line="+44"/>
        <source>Step</source>
        <translation>Paso</translation>
    </message>
    <message>
        <location line="-43"/>
        <location line="+44"/>
        <source>Reset</source>
        <translation>Reiniciar</translation>
    </message>
    <message>
        <location line="-43"/>
        <location line="+43"/>
        <source>New seed</source>
        <translation>Nueva semilla</translation>
    </message>
    <message>
        <location line="-42"/>
        <location line="+43"/>
        <source>Restore the scenario&apos;s values</source>
        <translation>Restaurar los valores del escenario</translation>
    </message>
    <message>
        <location line="-42"/>
        <location line="+43"/>
        <source>Undo lever change</source>
        <translation>Deshacer cambio de palanca</translation>
    </message>
    <message>
        <location line="-42"/>
        <location line="+42"/>
        <source>Next step</source>
        <translation>Siguiente paso</translation>
    </message>
    <message>
        <location line="-40"/>
        <location line="+41"/>
        <source>Previous step</source>
        <translation>Paso anterior</translation>
    </message>
    <message>
        <location line="-39"/>
        <location line="+39"/>
        <source>Go to step…</source>
        <translation>Ir al paso…</translation>
    </message>
    <message>
        <location line="-38"/>
        <location line="+39"/>
        <source>Full screen</source>
        <translation>Pantalla completa</translation>
    </message>
    <message>
        <location line="-38"/>
        <location line="+38"/>
        <source>Reduce motion</source>
        <translation>Reducir el movimiento</translation>
    </message>
    <message>
        <location line="-37"/>
        <location line="+38"/>
        <source>Zoom in</source>
        <translation>Ampliar</translation>
    </message>
    <message>
        <location line="-37"/>
        <location line="+38"/>
        <source>Zoom out</source>
        <translation>Reducir</translation>
    </message>
    <message>
        <location line="-37"/>
        <location line="+37"/>
        <source>Actual size</source>
        <translation>Tamaño real</translation>
    </message>
    <message>
        <location line="-36"/>
        <location line="+37"/>
        <source>Choose charts…</source>
        <translation>Elegir gráficos…</translation>
    </message>
    <message>
        <location line="-36"/>
        <location line="+37"/>
        <source>Presentation mode</source>
        <translation>Modo presentación</translation>
    </message>
    <message>
        <location line="-36"/>
        <location line="+37"/>
        <source>Student view</source>
        <translation>Vista de estudiante</translation>
    </message>
    <message>
        <location line="-36"/>
        <location line="+37"/>
        <source>Explain the focused control</source>
        <translation>Explicar el control con el foco</translation>
    </message>
    <message>
        <location line="-36"/>
        <location line="+33"/>
        <source>About Bias Loop</source>
        <translation>Acerca de Bias Loop</translation>
    </message>
    <message>
        <location line="-31"/>
        <location line="+35"/>
        <source>Pin as baseline</source>
        <translation>Fijar como línea base</translation>
    </message>
    <message>
        <location line="-34"/>
        <location line="+35"/>
        <source>Clear baseline</source>
        <translation>Quitar línea base</translation>
    </message>
    <message>
        <location line="-33"/>
        <location line="+35"/>
        <source>Show counterfactual (every lever off, even from the start)</source>
        <translation>Mostrar contrafactual (todas las palancas desactivadas, también las iniciales)</translation>
    </message>
    <message>
        <location line="-33"/>
        <location line="+52"/>
        <source>Counterfactual: every lever off</source>
        <translation>Contrafactual: sin ninguna palanca</translation>
    </message>
    <message>
        <location line="-51"/>
        <location line="+33"/>
        <source>Run 20 seeds</source>
        <translation>Ejecutar 20 semillas</translation>
    </message>
    <message>
        <location line="-32"/>
        <location line="+32"/>
        <source>Cancel the seeds</source>
        <translation>Cancelar las semillas</translation>
    </message>
    <message>
        <location line="-31"/>
        <location line="+32"/>
        <source>Clear band</source>
        <translation>Quitar banda</translation>
    </message>
    <message>
        <location line="-31"/>
        <location line="+31"/>
        <source>Sweep…</source>
        <translation>Barrido…</translation>
    </message>
    <message>
        <location line="-29"/>
        <location line="+30"/>
        <source>Timeline: a round back</source>
        <translation>Línea de tiempo: una ronda atrás</translation>
    </message>
    <message>
        <location line="-29"/>
        <location line="+30"/>
        <source>Timeline: a round forward</source>
        <translation>Línea de tiempo: una ronda adelante</translation>
    </message>
    <message>
        <location line="-29"/>
        <location line="+30"/>
        <source>Timeline: back to live</source>
        <translation>Línea de tiempo: volver al directo</translation>
    </message>
    <message>
        <location line="-29"/>
        <location line="+30"/>
        <source>Branch from here</source>
        <translation>Ramificar desde aquí</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
</context>
<context>
    <name>CompareControls</name>
    <message>
        <location filename="../../ui/run_controls/compare.py" line="+47"/>
        <location line="+43"/>
        <source>&amp;Compare</source>
        <translation>&amp;Comparar</translation>
    </message>
    <message>
        <location line="-25"/>
        <location line="+26"/>
        <source>Compare</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <location line="-11"/>
        <location line="+12"/>
        <source>%v of %m seeds</source>
        <translation>%v de %m semillas</translation>
    </message>
    <message>
        <location line="-11"/>
        <location line="+12"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The seeds cannot be run</source>
        <translation>No se pueden ejecutar las semillas</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Running seeds:</source>
        <translation>Ejecutando semillas:</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Baseline pinned at round {round}: reset or pull levers, and compare with the thin pale lines</source>
        <translation>Línea base fijada en la ronda {round}: reinicia o mueve palancas y compara con las líneas finas y claras</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Band of {n} seeds: mean (thin line) and 10–90 % (shaded)</source>
        <translation>Banda de {n} semillas: media (línea fina) y 10–90 % (sombreado)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Seeds cancelled</source>
        <translation>Semillas canceladas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The seeds could not be run</source>
        <translation>No se pudieron ejecutar las semillas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save run</source>
        <translation>Guardar simulación</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bias Loop runs (*.toml)</source>
        <translation>Simulaciones de Bias Loop (*.toml)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The run was not saved</source>
        <translation>No se guardó la simulación</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved {path}</source>
        <translation>Guardado {path}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This run cannot be opened</source>
        <translation>No se puede abrir esta simulación</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opened {path} at round {round}</source>
        <translation>Abierto {path} en la ronda {round}</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../ui/charts/legend_strip.py" line="+41"/>
        <source>mean and 10–90 % of {n} seeds</source>
        <translation>media y 10–90 % de {n} semillas</translation>
    </message>
    <message>
        <location filename="../../ui/charts/dashboard.py" line="+139"/>
        <source>Round ({unit})</source>
        <translation>Ronda ({unit})</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Export this chart…</source>
        <translation>Exportar este gráfico…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export the dashboard…</source>
        <translation>Exportar el panel…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show in presentation mode</source>
        <translation>Mostrar en el modo presentación</translation>
    </message>
    <message>
        <location filename="../../ui/charts/legend_strip.py" line="-6"/>
        <source>baseline (pinned run)</source>
        <translation>línea base (simulación fijada)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>counterfactual: levers off</source>
        <translation>contrafactual: sin palancas</translation>
    </message>
    <message>
        <location filename="../../ui/charts/marker_lane.py" line="+74"/>
        <source>{number}: {changes} (round {round})</source>
        <extracomment>Marks that keep a tag (and a line in the key): the latest ones; older ones keep their line in the chart&apos;s rug, with their text on hover.</extracomment>
        <translation>{number}: {changes} (ronda {round})</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <location filename="../../ui/export/controller.py" line="+106"/>
        <source>The export was not saved</source>
        <translation>No se guardó la exportación</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+41"/>
        <source>Exported {path}</source>
        <translation>Exportado {path}</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Export to</source>
        <translation>Exportar a</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The report was not saved</source>
        <translation>No se guardó el informe</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/export/dialog.py" line="+35"/>
        <location line="+33"/>
        <location line="+32"/>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <location line="-60"/>
        <source>This chart: {title}</source>
        <translation>Este gráfico: {title}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The whole dashboard</source>
        <translation>Todo el panel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The dashboard and the loop diagram</source>
        <translation>El panel y el diagrama del ciclo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A one-page report: key charts, what happened, levers</source>
        <translation>Un informe de una página: gráficos clave, qué pasó, palancas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PNG image</source>
        <translation>Imagen PNG</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SVG (vector: Inkscape, browsers)</source>
        <translation>SVG (vectorial: Inkscape, navegadores)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF (vector)</source>
        <translation>PDF (vectorial)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV of the recorded series</source>
        <translation>CSV de las series registradas</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1× (as on screen)</source>
        <translation>1× (como en pantalla)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>2×</source>
        <translation>2×</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>4×</source>
        <translation>4×</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slide (1920 px wide, large type)</source>
        <translation>Diapositiva (1920 px de ancho, letra grande)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Caption strip: scenario, seed and levers changed</source>
        <translation>Pie de figura: escenario, semilla y palancas cambiadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the on-screen theme (otherwise light)</source>
        <translation>Usar el tema de la pantalla (si no, claro)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose file…</source>
        <translation>Elegir archivo…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Export report</source>
        <translation>Exportar informe</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>One A4 page, vector: the key charts, what happened in numbers, every parameter and the event log.</source>
        <translation>Una página A4, vectorial: los gráficos clave, qué pasó en cifras, todos los parámetros y el registro de eventos.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The CSV holds this chart&apos;s series</source>
        <translation>El CSV contiene las series de este gráfico</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The CSV holds every recorded series</source>
        <translation>El CSV contiene todas las series registradas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every export carries the run&apos;s manifest: version, scenario, seed, every parameter and the event log.</source>
        <translation>Toda exportación lleva el manifiesto de la simulación: versión, escenario, semilla, todos los parámetros y el registro de eventos.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Vector: sharp at any size. Carries the run&apos;s manifest.</source>
        <translation>Vectorial: nítido a cualquier tamaño. Lleva el manifiesto de la simulación.</translation>
    </message>
</context>
<context>
    <name>GuideBar</name>
    <message>
        <location filename="../../ui/guide/guide_bar.py" line="+109"/>
        <source>Playing on to {unit} {round} for the answer…</source>
        <extracomment>Below this width the guide bar stacks its buttons, leaving the caption the width.</extracomment>
        <translation>Avanzando hasta {unit} {round} para la respuesta…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Step {n} of {total}</source>
        <translation>Paso {n} de {total}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Playing on to {unit} {round}…</source>
        <translation>Avanzando hasta {unit} {round}…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Guided tour: {n} step</source>
        <translation>Recorrido guiado: {n} paso</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Guided tour: {n} steps</source>
        <translation>Recorrido guiado: {n} pasos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Press “Next step” (Page Down) to begin.</source>
        <translation>Pulsa «Siguiente paso» (Av Pág) para empezar.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Step {n} of {total} · {unit} {round}</source>
        <translation>Paso {n} de {total} · {unit} {round}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Step {n} of {total} · late: due at {unit} {round}, applied now, at {unit} {applied}</source>
        <translation>Paso {n} de {total} · tarde: tocaba en {unit} {round}, aplicado ahora, en {unit} {applied}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Question</source>
        <translation>Pregunta</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reveal</source>
        <translation>Revelar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next step</source>
        <translation>Siguiente paso</translation>
    </message>
</context>
<context>
    <name>HeadlineBar</name>
    <message>
        <location filename="../../ui/charts/headline.py" line="+57"/>
        <source>Headline gap</source>
        <translation>Brecha principal</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{then} at {unit} {round} ({change})</source>
        <translation>{unit} {round}: {then} ({change})</translation>
    </message>
</context>
<context>
    <name>InfoPane</name>
    <message>
        <location filename="../../ui/guide/info_pane.py" line="+28"/>
        <source>What it is</source>
        <translation>Qué es</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>How it works</source>
        <translation>Cómo funciona</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How to use it</source>
        <translation>Cómo usarlo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Things to notice</source>
        <translation>Qué observar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Things to try</source>
        <translation>Qué probar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>References</source>
        <translation>Referencias</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Scenario information</source>
        <translation>Información del escenario</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{metric}, {statistic}: {value} ± {tolerance}</source>
        <translation>{metric}, {statistic}: {value} ± {tolerance}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Expected over {n} seeds</source>
        <translation>Esperado en {n} semillas</translation>
    </message>
</context>
<context>
    <name>LoopDiagram</name>
    <message>
        <location filename="../../ui/diagram/loop_diagram.py" line="+497"/>
        <source>Loop diagram</source>
        <translation>Diagrama del ciclo</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Click to show the parameters that act here</source>
        <translation>Haz clic para ver los parámetros que actúan aquí</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>gap to the truth</source>
        <translation>brecha con la realidad</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Stage {stage}: press Enter to show the parameters that act here; Up and Down choose another stage</source>
        <translation>Etapa {stage}: pulsa Intro para ver los parámetros que actúan aquí; Arriba y Abajo eligen otra etapa</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="+149"/>
        <location line="+435"/>
        <source>Parameters</source>
        <extracomment>The most of the width beside the parameters the loop diagram takes: on a narrow window (1280x720) its 480 px would leave the charts less than their cards need.</extracomment>
        <translation>Parámetros</translation>
    </message>
    <message>
        <location line="-434"/>
        <location line="+435"/>
        <source>Info</source>
        <translation>Información</translation>
    </message>
    <message>
        <location line="-407"/>
        <location line="+396"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location line="-395"/>
        <location line="+401"/>
        <source>Bundled scenarios</source>
        <translation>Escenarios incluidos</translation>
    </message>
    <message>
        <location line="-392"/>
        <location line="+387"/>
        <source>&amp;Scenario</source>
        <translation>&amp;Escenario</translation>
    </message>
    <message>
        <location line="-386"/>
        <location line="+392"/>
        <source>Paper settings</source>
        <translation>Escenarios de los artículos</translation>
    </message>
    <message>
        <location line="-390"/>
        <location line="+385"/>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <location line="-382"/>
        <location line="+383"/>
        <source>&amp;Run</source>
        <translation>E&amp;jecución</translation>
    </message>
    <message>
        <location line="-374"/>
        <location line="+375"/>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location line="-367"/>
        <location line="+368"/>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location line="-358"/>
        <location line="+361"/>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <location line="-303"/>
        <source>This scenario cannot be opened</source>
        <translation>No se puede abrir este escenario</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This paper setting cannot be used</source>
        <translation>Este escenario del artículo no se puede usar</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The scenario&apos;s own settings</source>
        <translation>Los valores propios del escenario</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open scenario or saved run</source>
        <translation>Abrir escenario o simulación guardada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scenario files and saved runs (*.toml)</source>
        <translation>Archivos de escenario y simulaciones guardadas (*.toml)</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Replace the baseline?</source>
        <translation>¿Reemplazar la línea base?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A baseline is pinned. Branching makes the run&apos;s old future the baseline, in its place.</source>
        <translation>Hay una línea base fijada. Al ramificar, el antiguo futuro de la simulación pasa a ser la línea base, en su lugar.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Branch and replace it</source>
        <translation>Ramificar y reemplazarla</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The run cannot branch here</source>
        <translation>La simulación no puede ramificarse aquí</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Branched at {unit} {round}: the thin pale lines are the run&apos;s old future</source>
        <translation>Ramificada en {unit} {round}: las líneas finas y pálidas son el antiguo futuro de la simulación</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{rate} rounds/s</source>
        <translation>{rate} rondas/s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>paused</source>
        <translation>en pausa</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{message}.

Set the run up again now with the new value? The rounds played so far are discarded.</source>
        <translation>{message}.

¿Preparar la simulación de nuevo ahora con el valor nuevo? Se descartan las rondas jugadas hasta ahora.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This change needs a reset</source>
        <translation>Este cambio requiere reiniciar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset with the new value</source>
        <translation>Reiniciar con el valor nuevo</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Value not allowed</source>
        <translation>Valor no permitido</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>from the start</source>
        <translation>desde el inicio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from the next round</source>
        <translation>desde la próxima ronda</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing to undo</source>
        <translation>Nada que deshacer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Undone: {label} back to {value} from the next round</source>
        <translation>Deshecho: {label} vuelve a {value} desde la próxima ronda</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Start (before step 1)</source>
        <translation>Inicio (antes del paso 1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step {n} · {unit} {round}: {caption}</source>
        <translation>Paso {n} · {unit} {round}: {caption}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Go to step</source>
        <translation>Ir al paso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set the run up again and replay the guide to:</source>
        <translation>Preparar de nuevo la simulación y reproducir la guía hasta:</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>Save picture of the window</source>
        <translation>Guardar imagen de la ventana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG images (*.png)</source>
        <translation>Imágenes PNG (*.png)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The picture was not saved</source>
        <translation>No se guardó la imagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved {path}</source>
        <translation>Guardado {path}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>About Bias Loop</source>
        <translation>Acerca de Bias Loop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bias Loop: a simulator of the bias-reinforcement loop. Biased data trains a model, the model&apos;s decisions become new data, and the bias grows; pull the levers that break the loop.</source>
        <translation>Bias Loop: un simulador del ciclo de refuerzo del sesgo. Datos sesgados entrenan un modelo, las decisiones del modelo se convierten en datos nuevos y el sesgo crece; mueve las palancas que rompen el ciclo.</translation>
    </message>
</context>
<context>
    <name>PaneZoom</name>
    <message>
        <location filename="../../ui/pane_zoom.py" line="+53"/>
        <source>Zoom &amp;pane</source>
        <extracomment>A view&apos;s own enlargement of a pane on top of its steps (the student view&apos;s larger parameter controls); not remembered here: the view that asks for it is.</extracomment>
        <translation>Zoom del &amp;panel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom this pane in</source>
        <translation>Ampliar este panel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom this pane out</source>
        <translation>Reducir este panel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This pane at the window&apos;s size</source>
        <translation>Este panel al tamaño de la ventana</translation>
    </message>
</context>
<context>
    <name>ParamPanel</name>
    <message>
        <location filename="../../ui/parameters/param_panel.py" line="+45"/>
        <source>needs reset</source>
        <translation>requiere reiniciar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shapes the initial state: takes effect when the run is set up again</source>
        <translation>Define el estado inicial: surte efecto cuando se vuelve a preparar la simulación</translation>
    </message>
    <message>
        <location line="+153"/>
        <source>Parameters</source>
        <extracomment>Sections open when a scenario is loaded: the levers a facilitator pulls.</extracomment>
        <translation>Parámetros</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>World</source>
        <translation>Mundo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Biases</source>
        <translation>Sesgos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Decisions</source>
        <translation>Decisiones</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mitigation levers</source>
        <translation>Palancas de mitigación</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Audits</source>
        <translation>Auditorías</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>{parameter}, {group}</source>
        <translation>{parameter}, {group}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Tables (read-only)</source>
        <translation>Tablas (solo lectura)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set in the scenario file or by a paper setting; a new table starts a new run.</source>
        <translation>Se fijan en el archivo del escenario o con un escenario de artículo; una tabla nueva empieza una simulación nueva.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Point at a parameter to see what it does.</source>
        <translation>Señala un parámetro para ver qué hace.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>from {low} to {high}</source>
        <translation>de {low} a {high}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a mitigation lever: pull it while running</source>
        <translation>una palanca de mitigación: muévela durante la simulación</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>takes effect when the run is set up again</source>
        <translation>surte efecto cuando se vuelve a preparar la simulación</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Show fewer parameters ({count})</source>
        <translation>Mostrar menos parámetros ({count})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show all parameters ({count})</source>
        <translation>Mostrar todos los parámetros ({count})</translation>
    </message>
</context>
<context>
    <name>ParamRow</name>
    <message>
        <location line="-320"/>
        <source>Pin to presentation mode: keep this control on show when presenting</source>
        <translation>Fijar en el modo presentación: este control sigue a la vista al presentar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pin {name} to presentation mode</source>
        <translation>Fijar {name} en el modo presentación</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>from the next round</source>
        <translation>desde la próxima ronda</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>LEVER</source>
        <translation>PALANCA</translation>
    </message>
</context>
<context>
    <name>PlotChooser</name>
    <message>
        <location filename="../../ui/charts/plot_chooser.py" line="+21"/>
        <source>Choose charts</source>
        <translation>Elegir gráficos</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Columns</source>
        <translation>Columnas</translation>
    </message>
</context>
<context>
    <name>PredictionPanel</name>
    <message>
        <location filename="../../ui/guide/prediction_panel.py" line="+146"/>
        <source>votes</source>
        <extracomment>Each choice may take this share of the window&apos;s height (a line at the choices&apos; size, in presentation mode at 1280×720); a longer one is set smaller, as the caption is. The right choice, once revealed, with the number that decides it: two lines&apos; worth. The guide&apos;s keys (Next and Previous step): a vote box leaves them to the guide instead of stepping its count by ten, so a clicker works whichever box has the focus.</extracomment>
        <translation>votos</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>({n} of {total} votes)</source>
        <translation>({n} de {total} votos)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>In this run no single choice held (levers changed by hand, or a step taken late?): see the charts.</source>
        <translation>En esta ejecución no se cumplió una sola opción (¿palancas cambiadas a mano, o un paso dado tarde?): mira los gráficos.</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <location filename="../../ui/preferences.py" line="+38"/>
        <source>Your saved preferences could not be read; they were moved to {backup} and the defaults are used.</source>
        <translation>No se pudieron leer tus preferencias guardadas; se movieron a {backup} y se usan los valores por defecto.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Some saved preferences were not valid and the defaults are used instead: {values}.</source>
        <translation>Algunas preferencias guardadas no eran válidas y se usan los valores predeterminados: {values}.</translation>
    </message>
</context>
<context>
    <name>PresetBar</name>
    <message>
        <location filename="../../ui/guide/preset_bar.py" line="+64"/>
        <source>Paper setting: {title} ({paper})</source>
        <translation>Escenario del artículo: {title} ({paper})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check over {n} seeds</source>
        <translation>Comprobar en {n} semillas</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{metric}, {statistic} over {n} seeds: paper {value} ± {tolerance}</source>
        <translation>{metric}, {statistic} en {n} semillas: artículo {value} ± {tolerance}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>this run now: {value}</source>
        <translation>esta ejecución ahora: {value}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>holds</source>
        <translation>se cumple</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>does not hold</source>
        <translation>no se cumple</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} seeds: {value} ({verdict})</source>
        <translation>{n} semillas: {value} ({verdict})</translation>
    </message>
</context>
<context>
    <name>RunBar</name>
    <message>
        <location filename="../../ui/run_controls/run_bar.py" line="+130"/>
        <source>Rounds per second: slow enough to narrate, or as fast as the machine goes</source>
        <translation>Rondas por segundo: lo bastante lento para narrarlo, o tan rápido como dé la máquina</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+5"/>
        <location line="+3"/>
        <source>Speed</source>
        <translation>Velocidad</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>The same seed gives the same run, here and in the command line; press Enter to set up again with it</source>
        <translation>La misma semilla da la misma simulación, aquí y en la línea de comandos; pulsa Intro para volver a preparar la simulación con ella</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+8"/>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Scenario</source>
        <translation>Escenario</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Round counter</source>
        <translation>Contador de rondas</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+92"/>
        <source>Open scenario file…</source>
        <translation>Abrir archivo de escenario…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>full speed</source>
        <translation>máxima velocidad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} rounds/s</source>
        <translation>{n} rondas/s</translation>
    </message>
</context>
<context>
    <name>SweepDialog</name>
    <message>
        <location filename="../../ui/dialogs/sweep_dialog.py" line="+69"/>
        <source>Sweep</source>
        <translation>Barrido</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+22"/>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+1"/>
        <source>Saved sweep</source>
        <translation>Barrido guardado</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>First parameter</source>
        <translation>Primer parámetro</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Its values</source>
        <translation>Sus valores</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Second parameter</source>
        <translation>Segundo parámetro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Final metric shown</source>
        <translation>Métrica final mostrada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seeds per setting</source>
        <translation>Semillas por configuración</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rounds per run</source>
        <translation>Rondas por simulación</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Values: V1,V2,... or START:STOP:COUNT. Each setting starts from the current run&apos;s starting values.</source>
        <translation>Valores: V1,V2,... o INICIO:FIN:CANTIDAD. Cada configuración parte de los valores iniciales de la simulación actual.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sweep result</source>
        <translation>Resultado del barrido</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run sweep</source>
        <translation>Ejecutar barrido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save picture…</source>
        <translation>Guardar imagen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save CSV…</source>
        <translation>Guardar CSV…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Also fixed: {values}</source>
        <translation>También fijado: {values}</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>This sweep cannot run</source>
        <translation>Este barrido no se puede ejecutar</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{done} of {total} runs</source>
        <translation>{done} de {total} simulaciones</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The sweep failed</source>
        <translation>El barrido falló</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{metric}, final value ({seeds} seeds)</source>
        <translation>{metric}, valor final ({seeds} semillas)</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Save picture</source>
        <translation>Guardar imagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG pictures (*.png)</source>
        <translation>Imágenes PNG (*.png)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The picture was not saved</source>
        <translation>No se guardó la imagen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save CSV</source>
        <translation>Guardar CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The CSV was not saved</source>
        <translation>No se guardó el CSV</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../../ui/run_controls/timeline.py" line="+48"/>
        <source>Back to live</source>
        <translation>Volver al directo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow the live round again (Alt+End)</source>
        <translation>Seguir de nuevo la ronda en directo (Alt+Fin)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Branch from here</source>
        <translation>Ramificar desde aquí</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue the run from the round shown, as it stood then; its old future becomes the baseline</source>
        <translation>Continuar la simulación desde la ronda mostrada, tal como estaba entonces; su antiguo futuro pasa a ser la línea base</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timeline: the round shown</source>
        <translation>Línea de tiempo: la ronda mostrada</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>older rounds thinned</source>
        <translation>rondas antiguas espaciadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The run is longer than the recorder keeps in full: older rounds are shown at intervals</source>
        <translation>La simulación es más larga de lo que el registro guarda completo: las rondas antiguas se muestran a intervalos</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Viewing {unit} {round} of {rounds}</source>
        <translation>Viendo {unit} {round} de {rounds}</translation>
    </message>
</context>
<context>
    <name>ViewModes</name>
    <message>
        <location filename="../../ui/view_modes.py" line="+71"/>
        <source>&amp;Theme</source>
        <translation>&amp;Tema</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High contrast</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <location line="+99"/>
        <source>No help for this control. Tab moves to the next one.</source>
        <translation>No hay ayuda para este control. Tab pasa al siguiente.</translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <location filename="../../ui/app.py" line="+161"/>
        <source>This scenario cannot be opened</source>
        <translation>No se puede abrir este escenario</translation>
    </message>
</context>
</TS>
