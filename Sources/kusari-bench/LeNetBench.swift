// kusari-bench lenet: one epoch of the seed CNN on Fashion-MNIST, as torch_lenet.py measures it.
import Kusari

/// Mode `lenet`: seconds per training epoch (60k samples, batch 100, Adam, StandardUpdater;
/// loading the files excluded), evaluation seconds (10k samples, test mode), GFLOP/s from the
/// analytic 13.182 MFLOP per training sample and 4.586 per evaluation sample, peak RSS and test
/// accuracy. Flags: `--epochs`, `--train-samples`, `--test-samples`, `--batchsize`.
func lenetBench(_ options: BenchOptions) throws(BenchError) {
    var options = options
    let training = try TrainingOptions(&options)
    try options.checkAllRead()
    printTrainingFigures("lenet", runTrainingBench(LeNet(), ndim: 3, training), trainFlops: 13.182e6, evalFlops: 4.586e6)
}
