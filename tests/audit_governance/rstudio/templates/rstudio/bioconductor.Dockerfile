# The Bioconductor flavour of the workspace image.
FROM bioconductor/bioconductor_docker:RELEASE_3_20

RUN apt-get update \
    && apt-get install -y --no-install-recommends curl git sudo \
    && rm -rf /var/lib/apt/lists/*

RUN Rscript -e 'BiocManager::install(c("DESeq2", "edgeR", "limma"), ask = FALSE)'

RUN echo 'rstudio ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/rstudio \
    && chmod 0440 /etc/sudoers.d/rstudio

USER rstudio
