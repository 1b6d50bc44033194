"""Model runtime that inference needs: the shared encoder pass, the heads, batching and the model folder.

Used by the pipeline components (``pipeline.components``) and by training (``pipeline.training``);
it imports neither, so components never import the training package.
"""
